import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../lib/core/errors.js';
import { dataFrameRows, toDataFrame } from '../../lib/report/dataframe.js';
import { escapeLatex, toCsv, toHtmlTable, toLatexTable, toMarkdownTable } from '../../lib/report/table.js';

const rows = [
  { system: 'Claude 3.7 Sonnet', n: 39, correct: 0.871794871794872, note: 'plain' },
  { system: 'Finetuned 8B: r=256, alpha=128', n: 39, correct: 0.41025641025641, note: 'says "x", then\nmore' },
];

describe('toCsv', () => {
  it('quotes fields with commas, quotes and line breaks and doubles quotes (RFC 4180 §2 rules 6 and 7)', () => {
    expect(toCsv(rows)).toBe(
      'system,n,correct,note\n' +
        'Claude 3.7 Sonnet,39,0.871794871794872,plain\n' +
        '"Finetuned 8B: r=256, alpha=128",39,0.41025641025641,"says ""x"", then\nmore"\n',
    );
  });

  it('keeps the requested column order and leaves missing values empty', () => {
    expect(toCsv([{ a: 1, b: null }, { a: undefined, b: 2 }], { columns: ['b', 'a'] })).toBe('b,a\n,1\n2,\n');
  });

  it('rejects rows that are not objects, naming the row', () => {
    expect(() => toCsv([1] as never)).toThrow(InvalidArgumentError);
    expect(() => toCsv([{ a: 1 }, 'x'] as never)).toThrow(/row 1/);
  });
});

describe('toMarkdownTable', () => {
  it('right-aligns numeric columns, rounds to the requested digits and escapes pipes', () => {
    const table = toMarkdownTable([{ name: 'a|b', share: 0.12345 }, { name: 'c', share: 1 }], {
      columns: ['name', { key: 'share', label: 'Share', digits: 2 }],
    });
    expect(table).toBe('| name | Share |\n| --- | ---: |\n| a\\|b | 0.12 |\n| c | 1.00 |\n');
  });
});

describe('toLatexTable', () => {
  it('writes a booktabs tabular inside a table float with caption and label', () => {
    const latex = toLatexTable([{ system: 'A & B', 'p_holm': 0.0123 }], {
      columns: ['system', { key: 'p_holm', label: 'p (Holm)', digits: 3 }],
      caption: '95% intervals',
      label: 'tab:wilson',
    });
    expect(latex).toBe(
      [
        '\\begin{table}[ht]',
        '\\centering',
        '\\caption{95\\% intervals}',
        '\\label{tab:wilson}',
        '\\begin{tabular}{lr}',
        '\\toprule',
        'system & p (Holm) \\\\',
        '\\midrule',
        'A \\& B & 0.012 \\\\',
        '\\bottomrule',
        '\\end{tabular}',
        '\\end{table}',
        '',
      ].join('\n'),
    );
  });

  it('escapes every LaTeX special character', () => {
    expect(escapeLatex('\\ { } $ & # ^ _ % ~')).toBe('\\textbackslash{} \\{ \\} \\$ \\& \\# \\textasciicircum{} \\_ \\% \\textasciitilde{}');
  });
});

describe('toHtmlTable', () => {
  it('escapes HTML in cells', () => {
    expect(toHtmlTable([{ a: '<b>' }])).toContain('<td style="text-align:left">&lt;b&gt;</td>');
  });
});

describe('danfojs DataFrames', () => {
  it('round-trip rows without losing precision or column order', () => {
    const frame = toDataFrame(rows);
    expect(frame.shape).toEqual([2, 4]);
    expect(frame.columns).toEqual(['system', 'n', 'correct', 'note']);
    expect(dataFrameRows(frame)).toEqual(rows);
    expect(toCsv(dataFrameRows(frame))).toBe(toCsv(rows));
  });
});
