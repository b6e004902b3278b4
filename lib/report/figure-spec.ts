/**
 * A figure is a plain plotly.js specification (`{ data, layout, config }`), built by the library and
 * displayed, rendered or embedded unchanged by notebooks, the renderer and HTML reports.
 */
import { z } from 'zod';

export const figureSpecSchema = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  layout: z.record(z.string(), z.unknown()).default({}),
  config: z.record(z.string(), z.unknown()).optional(),
});
export type FigureSpec = z.infer<typeof figureSpecSchema>;

/** The workspace's figure style: readable fonts, white background, colour-blind-safe default palette. */
export const figureStyle = {
  font: { family: 'DejaVu Sans, Arial, sans-serif', size: 13, color: '#222222' },
  paper_bgcolor: '#ffffff',
  plot_bgcolor: '#ffffff',
  // Okabe & Ito (2008) colour-universal-design palette.
  colorway: ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'],
} as const;

/** Returns the spec with the workspace style applied under any layout the spec sets itself. */
export function withFigureStyle(spec: FigureSpec): FigureSpec {
  return { ...spec, layout: { ...figureStyle, ...spec.layout } };
}

/** The figure's title text, if it has one. */
export function figureTitle(spec: FigureSpec): string | undefined {
  const title = spec.layout.title;
  if (typeof title === 'string') return title;
  if (title && typeof title === 'object' && typeof (title as { text?: unknown }).text === 'string') {
    return (title as { text: string }).text;
  }
  return undefined;
}
