"""Ready-made dossiers to learn from, test against and start from.

This module is public but not imported by ``import secdialogue``: import it
when you need it, as in ``from secdialogue.examples import january_2022``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import functools
from importlib.resources import files

from secdialogue import Dossier, loads

__all__ = ["january_2022"]


@functools.cache
def january_2022() -> Dossier:
    """The reference case: the security talks of January 2022, from one article.

    The article "Security Dialogue Is Imminent! Russia "Proclaims" To The
    United States And NATO", written around 9 January 2022, encoded in full
    and nothing more. The dossier holds:

    * 11 actors: Russia, the United States, Ukraine, NATO, the OSCE, the US
      State Department, NATO's foreign ministers as a group, and Sergey
      Ryabkov, Wendy Sherman, Antony Blinken and Jens Stoltenberg, with the
      article's misspellings ("Ryabukov", "Anthony Brinken") as aliases;
    * 6 meetings from 30 September 2021 to 13 January 2022: the second round
      of the Strategic Stability Dialogue in Geneva (held), the NATO foreign
      ministers' meeting of 7 January (held), and, as the article announces
      them, the Ryabkov-Sherman working meal on the evening of 9 January and
      the talks in Geneva, Brussels and Vienna on 10, 12 and 13 January (all
      planned);
    * 6 demands: the package of Russia's requirements of the United States
      and NATO, made by 7 January, and its 4 parts (legal guarantees
      against NATO's eastward expansion, no US military bases in and no
      military cooperation with former Soviet republics outside NATO, and
      no NATO membership for Ukraine); and the United States' condition
      that Russia make concessions in return;
    * 14 statements by Ryabkov, Blinken, Stoltenberg, NATO's foreign
      ministers, the State Department, Russia, and the United States and
      Ukraine, each marked as a quote, a partial quote or a paraphrase, with
      the stances they take on the demands;
    * 1 source, the article, which every entity cites with the exact
      passage it rests on.

    Times are as precise as the article: days, one part of a day, and times
    known only to be no later than a day. A time has a zone only where the
    article names the place.
    :doc:`/explanation/reference-case` explains each choice.

    The dossier is read from the package once and then shared; it is
    immutable, so sharing it is safe.

    Returns:
        The dossier.

    .. versionadded:: 0.1.0
    """
    resource = files("secdialogue") / "data" / "january-2022.json"
    return loads(resource.read_text(encoding="utf-8"))
