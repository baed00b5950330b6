// Types for the `sentiment` package's English language module (CommonJS; @types/sentiment does
// not cover it). `labels` is AFINN-165: word -> integer score, -5..5.
declare module "sentiment/languages/en/index.js" {
  const en: { labels: Record<string, number> };
  export default en;
}
