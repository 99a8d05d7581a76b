"""Who a sentence says states its claim, how (modality), and whether it says the claim does not hold.

Cue words, following the decision table of data/README.md: the article's own voice is `asserted`; a
reporting verb ("said", "according to", "analysts say") makes it `claimed` by the speaker, the known
entity next to the verb (a claim needs its claimant: with none known it stays asserted, marked
unsure); an accusation or "allegedly" is `alleged`; a denial `denied`; a demand, call or proposal
`proposed` (with no claimant, as the curated facts record it). A negation cue ("not", "never",
"refused to", "without") between the fact's first mention and the end of its quote marks it negated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import Mention

_CUES = {  # modality -> its cue words, tried in this order
    "denied": r"denied|denies|deny|denying|denial",
    "alleged": r"allegedly|alleged|accused|accuses|accusing|accusation|reportedly",
    "proposed": r"called (?:for|on)|calls (?:for|on)|calling (?:for|on)|urged|urges|urging|demanded|demands|proposed"
    r"|proposes|should",
    "claimed": r"said|says|say|saying|told|tells|stated|states|noted|notes|note|argued|argues|argue|emphasi[sz]ed"
    r"|stressed|warned|warns|believes|believe|added|explained|insisted|insists|claimed|claims|wrote|writes"
    r"|suggested|concluded|described|speculated|announced|according to",
}
_CUE = {modality: re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE) for modality, words in _CUES.items()}
_AFTER_VERB = re.compile(r"according to|said|says|told|wrote|noted|added", re.IGNORECASE)  # "…, said Putin"
_NEAR = 80  # characters between a speaker and its verb at most
NEGATION = re.compile(
    r"(?<![\w-])(?:not|never|no longer|refused to|refuses to|refusal to|failed to|fails to|without"
    r"|stopped short of|stops short of)(?![\w-])|n't\b",
    re.IGNORECASE,
)


@dataclass
class Attribution:
    modality: str = "asserted"
    claimed_by: str | None = None
    unsure: list[str] = field(default_factory=list)


def attribution(sentence: str, offset: int, mentions: list[Mention]) -> Attribution:
    """The modality and claimant a sentence's cue words give; `offset` is the sentence's start in the
    text (mentions carry text offsets)."""
    for modality, pattern in _CUE.items():
        cue = pattern.search(sentence)
        if cue is None:
            continue
        if modality == "proposed" or cue.group().lower().startswith(("allegedly", "reportedly")):
            return Attribution(modality)
        speaker = _speaker(cue, offset, mentions)
        if speaker is not None:
            return Attribution(modality, speaker.entity)
        if modality == "claimed":
            return Attribution(
                "asserted",
                None,
                [
                    f"reported speech ('{cue.group()}') with no known speaker: claimed_by "
                    "left empty and modality asserted; name the speaker if it is an entity"
                ],
            )
        return Attribution(modality, None, [f"'{cue.group()}' with no known speaker: claimed_by left empty"])
    return Attribution()


def _speaker(cue: re.Match[str], offset: int, mentions: list[Mention]) -> Mention | None:
    """The entity the cue attributes to: the one just after "according to", else the nearest mention before
    the verb, else one just after it ("…, said Putin")."""
    start, end = offset + cue.start(), offset + cue.end()
    before = [m for m in mentions if m.end <= start and start - m.end <= _NEAR]
    after = [m for m in mentions if end <= m.start <= end + _NEAR // 2] if _AFTER_VERB.fullmatch(cue.group()) else []
    if cue.group().lower() == "according to":
        return after[0] if after else None
    return before[-1] if before else after[0] if after else None


def negation(passage: str) -> str | None:
    """The negation cue of a passage, if any."""
    cue = NEGATION.search(passage)
    return cue.group() if cue else None
