"""Politeness against people: Stack Exchange requests (5 raters each), top vs bottom quartile of the normalised
rating. ``python -m benchmarks politeness``; ``python -m benchmarks grounding`` runs the same measurement.

Prints and stores: the shipped score's 5-fold AUC and accuracy; what limits it (one rater against the other four,
weights carried between communities, within the largest community alone, leave-one-community-out); a bag of
words learnt on the corpus itself for scale (the paper's baseline kind of classifier, never shipped); and per
strategy how often it fires and how the requests showing it are rated, beside the paper's Table 3.
"""

from __future__ import annotations

from benchmarks.common import print_table, write_results


def _rounded(data: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in data.items()}


def measure(quick: bool = False) -> dict:
    from evaluation import politeness_agreement as agree
    from evaluation.datasets.politeness import DatasetMissing, load_rated, quartile_rows

    try:
        rows = load_rated()
    except DatasetMissing as exc:
        print(f"skipped politeness agreement: {exc}")
        return {"skipped": str(exc)}
    kept = quartile_rows(rows)
    texts, labels = [r.text for r, _ in kept], [y for _, y in kept]
    if quick:
        texts, labels = texts[::5], labels[::5]
    result = _rounded(agree.cross_validate(texts, labels))
    print_table("politeness vs people (Stack Exchange requests, top vs bottom quartile, 5-fold)", [result])
    result["limits"] = _rounded(agree.limits(rows))
    print_table("politeness limits (one rater vs the other four; fitted on the largest community, scored on the "
                "others, and back)", [result["limits"]])
    transfer = agree.community_transfer(rows)
    per_community = transfer.pop("per_community")
    result["communities"] = {**_rounded(transfer), "per_community": per_community}
    print_table("strategy weights within the largest community (5-fold) and left out one community at a time",
                [_rounded(transfer)])
    print_table(f"weights fitted on {transfer['largest_community']}, AUC on each other community", per_community)
    result["bag_of_words"] = _rounded(agree.bag_of_words_reference(texts, labels))
    print_table("for scale, never shipped: a bag of words learnt on the corpus itself, 5-fold",
                [result["bag_of_words"]])
    result["strategies"] = agree.strategy_table(rows)
    print_table("strategies on Stack Exchange (share of requests; mean normalised score and top-quartile share of "
                "the requests showing it, the paper's Table 3 on Wikipedia beside; AUC alone)", result["strategies"])
    return result


def main(quick: bool = False) -> dict:
    result = measure(quick)
    write_results("politeness", {**result, "quick": quick})
    return result
