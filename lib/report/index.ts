export * from './chromium.js';
export * from './dataframe.js';
export * from './figure-spec.js';
export * from './html-report.js';
export * from './notebook-display.js';
export * from './plotly-bundle.js';
export * from './render-figure.js';
export * from './table.js';
