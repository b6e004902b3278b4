/**
 * The LLM judge: absolute grading (Prometheus style), pairwise comparison in both orders with a position-bias
 * summary, the authors' listwise ranking (`legacy`), and the agreement of the judge with the experts' ratings.
 */
export * from './judgement-schemas.js';
export * from './judge-prompts.js';
export { DEFAULT_JUDGE_MAX_TOKENS, DEFAULT_JUDGE_SEED, type JudgeCallOptions } from './judge-request.js';
export * from './parse-absolute-verdict.js';
export * from './parse-pairwise-verdict.js';
export * from './grade-absolute.js';
export * from './compare-pairwise.js';
export * from './summarise-position-bias.js';
export * from './rank-listwise.js';
export * from './judge-agreement.js';
export * from './judge-agreement-figure.js';
export * from './run-judge-agreement.js';
