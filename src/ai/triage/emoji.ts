/**
 * The tone of an emoji, for the intent features and for sentiment. The lists follow the
 * Emoji Sentiment Ranking (Kralj Novak, Smailović, Sluban & Mozetič 2015, "Sentiment of Emojis",
 * PLoS ONE 10(12): e0144296, https://doi.org/10.1371/journal.pone.0144296): the emoji that carry a
 * clear polarity in tweets, plus the ones customers use when they complain (🙄 😤 🤬 👎).
 * Everything else is `xemo` (present, no tone).
 */

/** Emoji that read as positive in customer messages (thanks, praise, joy). */
export const POSITIVE_EMOJI: ReadonlySet<string> = new Set([
  ..."😀😃😄😁😆😊🙂😉😍🥰😘😎🤗🤩🥳😇☺😋😌💯👍👏🙌🙏💪🎉🎊✨🌟⭐💖💗💓💕💞💘💝❤🧡💛💚💙💜🤍🤎🖤♥✅👌🆒🔥😂🤣😅",
]);

/** Emoji that read as negative (anger, sadness, disgust, disbelief). */
export const NEGATIVE_EMOJI: ReadonlySet<string> = new Set([..."😠😡🤬😤😒🙄😑😐😕😟🙁☹😣😖😫😩😢😥😭😞😔😓😰😨😱🤯🤢🤮💩👎💔😬😪🥵🥶🤦🤷⚠❌🚫⛔😾😿🖕"]);

/**
 * "xemo_pos", "xemo_neg" or "xemo" for one emoji (a single code point; variation selectors and
 * skin tones are stripped before the lookup).
 */
export function emojiTone(emoji: string): "xemo_pos" | "xemo_neg" | "xemo" {
  const base = emoji.replace(/[\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, "");
  if (POSITIVE_EMOJI.has(base)) return "xemo_pos";
  if (NEGATIVE_EMOJI.has(base)) return "xemo_neg";
  return "xemo";
}
