"""VADER, with its quadratic word-list copies removed (identical scores, much faster).

vaderSentiment's ``_negation_check`` and ``_special_idioms_check`` lowercase the *whole*
text's word list every time they look at one word, which makes a long review cost the
square of its length. Both only read the three words before and two after the word in
hand, so for words past the third we pass that window instead; the first three words go
through unchanged (their negative indices wrap round the whole list, and must keep doing
so). ``polarity_scores`` also skips the library's character-by-character emoji rewrite
when a text holds no emoji (the rewrite then returns the text unchanged).
``tests/test_sentiment.py`` checks the scores equal the library's own on real reviews.
"""

from __future__ import annotations

from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer, SentiText


class WindowedVader(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` with linear-time context checks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the library replaces a character when ``char in self.emojis``: one-character keys
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def polarity_scores(self, text):
        if not self._emoji_chars.isdisjoint(text):
            return super().polarity_scores(text)
        # vaderSentiment 3.3's polarity_scores after its emoji rewrite, unchanged
        text = text.strip()
        sentitext = SentiText(text)
        sentiments = []
        words_and_emoticons = sentitext.words_and_emoticons
        for i, item in enumerate(words_and_emoticons):
            valence = 0
            if item.lower() in BOOSTER_DICT:
                sentiments.append(valence)
                continue
            if (
                i < len(words_and_emoticons) - 1
                and item.lower() == "kind"
                and words_and_emoticons[i + 1].lower() == "of"
            ):
                sentiments.append(valence)
                continue
            sentiments = self.sentiment_valence(valence, sentitext, item, i, sentiments)
        sentiments = self._but_check(words_and_emoticons, sentiments)
        return self.score_valence(sentiments, text)

    @staticmethod
    def _negation_check(valence, words_and_emoticons, start_i, i):
        if i >= 3:
            window = words_and_emoticons[i - 3 : i + 3]
            return SentimentIntensityAnalyzer._negation_check(valence, window, start_i, 3)
        return SentimentIntensityAnalyzer._negation_check(valence, words_and_emoticons, start_i, i)

    @staticmethod
    def _special_idioms_check(valence, words_and_emoticons, i):
        if i >= 3:
            window = words_and_emoticons[i - 3 : i + 3]
            return SentimentIntensityAnalyzer._special_idioms_check(valence, window, 3)
        return SentimentIntensityAnalyzer._special_idioms_check(valence, words_and_emoticons, i)
