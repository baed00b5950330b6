/**
 * Behavioural scoring engine: pure functions, no I/O, runs in Node and Cloudflare Workers.
 * The job that reads orders from the database and writes scores lives outside this folder.
 */
export { summarize, collapse, utcDay, unitDays, type TimeUnit, type Transaction, type CustomerSummary, type SummaryResult, type CollapsedRow } from "./summary";
export {
  bgnbdRowLogLikelihood,
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodAndGradient,
  fitBgNbd,
  pAlive,
  expectedPurchases,
  expectedPurchasesUnconditional,
  probNoPurchase,
  type BgNbdParams,
  type BgNbdFit,
  type FitOptions,
} from "./bgnbd";
export {
  gammaGammaRowLogLikelihood,
  gammaGammaLogLikelihoodAndGradient,
  fitGammaGamma,
  expectedAverageOrderValue,
  clv,
  type GammaGammaParams,
  type GammaGammaFit,
  type SpendRow,
  type ClvOptions,
} from "./gammagamma";
export { hyp2f1, type Hyp2f1Options } from "./hyp2f1";
export { minimizeBfgs, type MinimizeOptions, type MinimizeResult } from "./optimize";
export {
  rfmCutPoints,
  rfmScore,
  rfmSegment,
  rfmSegmentRulesFor,
  nearestRankCuts,
  RFM_SEGMENT_RULES,
  RFM_SEGMENTS,
  type RfmValues,
  type RfmCutPoints,
  type RfmScore,
  type RfmSegment,
} from "./rfm";
export {
  archetypeAxes,
  archetypeThresholds,
  archetypeLevels,
  archetypeKey,
  archetypeId,
  archetypeLabel,
  assignArchetype,
  archetypeStats,
  type Archetype,
  type ArchetypeAxes,
  type ArchetypeLevels,
  type ArchetypeThresholds,
  type ArchetypeStat,
  type ArchetypeOrder,
} from "./archetypes";
export { auc, brier, calibrationTable, meanAbsoluteError, type CalibrationBin } from "./metrics";
export { fitIsotonic, applyIsotonic, fitPlatt, applyPlatt, type IsotonicCalibrator, type PlattCalibrator } from "./calibration";
export { backtest, type BacktestOptions, type BacktestResult } from "./backtest";
export {
  scoreStore,
  type StoreOrder,
  type StoreRefund,
  type ScoreConfig,
  type ScoreRun,
  type CustomerScore,
  type ScoredCustomer,
  type UnscoredCustomer,
  type UnscoredReason,
} from "./store";
