"""Grounding: is a sentence of a reply backed by the sources? Everything that answers it lives here.

The verifier (``assistant.verification``), the composer, the draft's confidence and the evaluation metrics all
call this package, so a sentence is judged the same way when it is drafted, checked and scored. To find out
why a sentence was flagged, read these modules; the flags themselves are worded in ``assistant.verification``.

=================  ==========================================================================================
module             owns
=================  ==========================================================================================
``sentences``      the one sentence splitter (also used by the chunker); word windows of very long sentences
``words``          the one tokenizer, stopword list and stemmer; content words; a passage's vocabulary; search
                   terms (the knowledge base's BM25 uses them)
``citations``      the one ``[n]`` / ``[n, m]`` / ``[n-m]`` citation pattern: markers, stripping, spans
``phrases``        whole-word phrase matching (banned phrases: "fortunate" never matches "Unfortunately")
``kinds``          which sentences are factual claims (greetings, thanks, sign-offs, questions are not)
``claims``         checkable facts: numbers, amounts, percentages, dates, durations, times, URLs, e-mails,
                   phones, identifiers; normalised so equal facts written differently match
``names``          capitalised names a sentence uses that no source mentions
``negation``       negation scopes and polarity flips ("covers" vs "does not cover")
``promises``       offers and commitments (refund, credit, free...) and whether a source backs the offer
``encoding``       token and sentence encodings for the scorer: their cache, the bfloat16 model copy, token
                   weights
``support``        ``SupportScorer``: a support score in [0, 1] per sentence, combining all of the above with
                   the embedder's token and sentence similarities
=================  ==========================================================================================
"""
