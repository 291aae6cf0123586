"""VADER, with its quadratic word-list copies removed (identical scores, much faster).

vaderSentiment's ``_negation_check`` and ``_special_idioms_check`` lowercase the *whole*
text's word list every time they look at one word, which makes a long review cost the
square of its length. Both only read the three words before and two after the word in
hand, so for words past the third we pass that window instead; the first three words go
through unchanged (their negative indices wrap round the whole list, and must keep doing
so). ``tests/test_sentiment.py`` checks the scores equal the library's own on real reviews.
"""

from __future__ import annotations

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


class WindowedVader(SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` with linear-time context checks."""

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
