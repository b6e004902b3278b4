export * from './count-human-ratings.js';
export * from './human-rating-intervals.js';
export * from './complete-rating-blocks.js';
export * from './compare-human-ratings.js';
export * from './human-evaluation-figure.js';
export * from './human-evaluation-tables.js';
export * from './reproduce-human-evaluation.js';
