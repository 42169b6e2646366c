#!/usr/bin/env python3
"""Readability report over the kiosk's French catalogue (« facile à lire et à comprendre »).

Reads the French texts (the msgids of assets/locale/borne.pot: French is the msgid), cuts them into
sentences, and prints: the longest sentences in words, the long words, and the Kandel-Moles score
(Flesch's reading ease adapted to French: 207 - 1.015 x words per sentence - 73.6 x syllables per word;
higher is easier, 60 and more is « standard »). Syllables are counted as groups of vowels, a final mute
« e » left out: an estimate, good enough to rank sentences, not a linguist's count.

The report is what a writer reads. The test fails only on what no plain-language guide accepts: a
sentence over MAX_WORDS words (the FALC rules of Inclusion Europe ask for short sentences, one idea
each; 25 words is already two ideas in a kiosk's line), so that a new long sentence is caught and the
long-but-tolerable ones stay listed for rewriting.

usage: readability.py borne.pot [--max-words N] [--worst K]
"""
import re
import sys

MAX_WORDS = 25
WORST = 12
LONG_WORD = 12  # letters: « renseignements » (14) is long for a reader in difficulty, « logement » (8) is not

VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"


def msgids(path):
    """The French texts of a PO template written with --no-wrap (i18n/catalogues update): each
    msgid and msgid_plural on one line, with its msgctxt; the header left out."""
    ctx, out = "", []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            m = re.match(r'^(msgctxt|msgid|msgid_plural) "(.*)"$', line.rstrip("\n"))
            if not m:
                continue
            kind, text = m.group(1), m.group(2).encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
            if kind == "msgctxt":
                ctx = text
            elif text:
                out.append((line_no, ctx, text))
    return out


def sentences(text):
    # Placeholders ({amount}) count as one word; a sentence ends at . ! ? … and at « : » or « ; »
    # followed by more (a kiosk line reads them as separate statements).
    text = re.sub(r"\{[a-z_]+\}", "X", text)
    parts = re.split(r"(?<=[.!?…;:])\s+", text)
    return [p.strip() for p in parts if re.search(r"\w", p)]


def words(sentence):
    return re.findall(r"[\w’'-]+", sentence)


def syllables(word):
    w = word.lower().replace("’", "'")
    w = w.split("'")[-1]
    groups = re.findall(f"[{VOWELS}]+", w)
    n = len(groups)
    if n > 1 and re.search(r"[^aeiouy]es?$|[^aeiouy]ent$", w):
        n -= 1  # mute final e, es, ent (« mutuelle », « aides », « vivent »)
    return max(1, n)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    path = argv[1]
    max_words = int(argv[argv.index("--max-words") + 1]) if "--max-words" in argv else MAX_WORDS
    worst = int(argv[argv.index("--worst") + 1]) if "--worst" in argv else WORST
    rows = []  # (words, line, ctx, sentence)
    all_words, all_syll, long_words = 0, 0, {}
    for line, ctx, text in msgids(path):
        for s in sentences(text):
            ws = words(s)
            if not ws:
                continue
            rows.append((len(ws), line, ctx, s))
            all_words += len(ws)
            all_syll += sum(syllables(w) for w in ws)
            for w in ws:
                letters = re.sub(r"[^\w]", "", w)
                if len(letters) > LONG_WORD and not letters.isupper():
                    long_words[w.lower()] = long_words.get(w.lower(), 0) + 1
    if not rows:
        print(f"{path}: aucun texte")
        return 1
    wps = all_words / len(rows)
    spw = all_syll / all_words
    score = 207 - 1.015 * wps - 73.6 * spw
    print(f"lisibilité : {len(rows)} phrases, {all_words} mots, {wps:.1f} mots par phrase, {spw:.2f} syllabes par mot, "
          f"score de Kandel et Moles {score:.0f} (60 et plus : standard ; plus haut, plus facile)")
    print(f"les {worst} phrases les plus longues (en mots) :")
    for n, line, ctx, s in sorted(rows, key=lambda r: -r[0])[:worst]:
        print(f"  {n:3d} mots  {path}:{line} [{ctx}] {s}")
    print(f"mots de plus de {LONG_WORD} lettres ({len(long_words)}) : " +
          ", ".join(f"{w} ({k})" if k > 1 else w for w, k in sorted(long_words.items(), key=lambda x: (-x[1], x[0]))))
    too_long = [r for r in rows if r[0] > max_words]
    for n, line, ctx, s in too_long:
        print(f"{path}:{line}: phrase de {n} mots (au plus {max_words}) [{ctx}] : {s}")
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
