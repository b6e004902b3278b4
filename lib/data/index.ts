/**
 * Data: the strict CSV reader, the dataset manifest with `ecg-llm data fetch|verify|list`, and the importer
 * of the authors' human-evaluation ratings.
 */
export * from './parse-csv.js';
export * from './dataset-manifest.js';
export * from './fetch-dataset.js';
export * from './human-rating-system.js';
export * from './import-human-ratings.js';
export * from './demo-mc-set.js';
