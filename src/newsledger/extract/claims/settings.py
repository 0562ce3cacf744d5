"""How the claims extractor runs: which learnt parts are on, and which models they use.

One object instead of module switches, so an evaluation, the benchmark and
training each say what they run (training turns the learnt parts off to
learn from the rules alone, and hands in the models it is fitting) without
changing what any other caller gets.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsledger.extract.claims import cue_model
from newsledger.extract.claims.cue_model import content as content_model
from newsledger.extract.claims.cue_model import keep as keep_model


@dataclass(frozen=True)
class ClaimSettings:
    """What ``find_claims`` runs beside its rules; the defaults are what ships."""

    #: The learnt cue tagger adds the cues the word lists miss ("likened", "took aim at"). Off, the claim
    #: check also goes without the tagger's score of each cue, which it learnt with.
    cue_tagger: bool = True
    #: The learnt content-boundary chooser moves where a content after its cue starts and ends.
    content_ends: bool = True
    #: The learnt claim check drops claims unlikely to be real attributions.
    claim_check: bool = True
    #: Models to use instead of the shipped ones (training hands in those it fits).
    tagger: cue_model.CueTagger | None = None
    chooser: content_model.BoundaryChooser | None = None
    keeper: keep_model.ClaimKeeper | None = None

    def the_tagger(self) -> cue_model.CueTagger | None:
        if not self.cue_tagger:
            return None
        return self.tagger or cue_model.tagger()

    def the_chooser(self) -> content_model.BoundaryChooser | None:
        if not self.content_ends:
            return None
        return self.chooser or content_model.chooser()

    def the_keeper(self) -> keep_model.ClaimKeeper | None:
        if not self.claim_check:
            return None
        return self.keeper or keep_model.keeper()


#: What ships.
SHIPPED = ClaimSettings()
