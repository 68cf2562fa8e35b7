"""The SKP form of the console: its rows as typed (RHK, each with its IKI), the SKP content
they make for the schema and the service, and the refusals of either put back next to the
field they name, in Indonesian.

Fields are named by position: ``rhk-<n>-text``, ``rhk-<n>-iki-<m>-target``; ``rhk_count`` and
``rhk-<n>-iki_count`` say how many rows the page had. A row left blank is dropped, so the form
always offers a blank row to fill; "Tambah RHK" / "Tambah IKI" post the form back with one more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext

from functions.console.labels import field_number, label
from functions.domain.capaian import default_agregasi

MAX_RHK, MAX_IKI = 20, 10
IKI_FIELDS = ("id", "indikator", "aspek", "target", "satuan", "agregasi", "perspektif")
ASPEK = ("kuantitas", "kualitas", "waktu", "biaya")
AGREGASI = ("jumlah", "rata_rata", "terakhir", "maksimum", "minimum")

# the rule each field must meet, in words (the schema's and the domain's rules)
RULES: Mapping[str, object] = {
    "text": lazy_gettext("tuliskan hasil kerja yang direncanakan (3 sampai 1.000 karakter)"),
    "jenis": lazy_gettext("pilih RHK utama atau RHK tambahan"),
    "atasan": lazy_gettext(
        "pilih RHK atasan yang didukung hasil kerja ini (wajib untuk RHK utama)"
    ),
    "atasan_unknown": lazy_gettext(
        "bukan RHK dari SKP atasan yang telah disetujui; pilih dari daftar"
    ),
    "weight": lazy_gettext("isi bobot di atas 0; bobot semua RHK berjumlah 100"),
    "iki": lazy_gettext("setiap RHK memuat sedikitnya satu IKI"),
    "indikator": lazy_gettext("tuliskan apa yang diukur (3 sampai 500 karakter)"),
    "aspek": lazy_gettext("pilih aspek: Kuantitas, Kualitas, Waktu atau Biaya"),
    "target": lazy_gettext("isi target berupa angka 0 atau lebih"),
    "target_zero": lazy_gettext(
        "target 0 tidak meminta apa pun; isi jumlah yang diharapkan "
        "(atau centang «makin kecil makin baik»)"
    ),
    "satuan": lazy_gettext(
        "sebutkan satuan target (dokumen, hari, rupiah, %, …), paling banyak 40 karakter"
    ),
    "agregasi": lazy_gettext(
        "pilih cara agregasi: Jumlah, Rata-rata, Terakhir, Maksimum atau Minimum"
    ),
    "perspektif": lazy_gettext(
        "pejabat pimpinan tinggi menandai setiap IKI dengan perspektif yang sah"
    ),
    "lower": lazy_gettext("centang atau kosongkan «makin kecil makin baik»"),
    "no_rhk": lazy_gettext("isi sedikitnya satu RHK beserta IKI-nya"),
    "no_utama": lazy_gettext("jadikan sedikitnya satu RHK sebagai RHK utama"),
    "weights": lazy_gettext("bobot semua RHK berjumlah 100"),
}


def blank_iki() -> dict:
    return dict.fromkeys(IKI_FIELDS, "") | {"lower": False}


def blank_rhk() -> dict:
    return {"id": "", "text": "", "jenis": "utama", "atasan": "", "iki": [blank_iki()]}


def rows_of(content: Mapping) -> list[dict]:
    """The stored SKP as the form's rows (a blank SKP: one blank RHK with one blank IKI)."""
    rows = []
    for rhk in content.get("rhk", []):
        iki = []
        for i in rhk.get("iki", []):
            target = i.get("target") or {}
            iki.append({
                "id": i["id"], "indikator": i.get("indikator", ""), "aspek": i.get("aspek", ""),
                "target": field_number(target.get("value")), "satuan": target.get("unit") or "",
                "agregasi": target.get("agregasi") or "", "perspektif": i.get("perspektif") or "",
                "lower": bool(target.get("lower_is_better")),
            })  # fmt: skip
        rows.append({
            "id": rhk["id"], "text": rhk.get("text", ""),
            "jenis": "utama" if rhk.get("utama", True) else "tambahan",
            "atasan": rhk.get("rhk_atasan_id") or "", "iki": iki or [blank_iki()],
        })  # fmt: skip
    return rows or [blank_rhk()]


def _count(text: str | None, most: int) -> int:
    try:
        return max(0, min(int(text or "0"), most))
    except ValueError:
        return 0


def rows_from(form: Mapping[str, str]) -> list[dict]:
    """The rows as typed (stripped), however many the page said it had (capped)."""
    rows = []
    for n in range(_count(form.get("rhk_count"), MAX_RHK)):
        p = f"rhk-{n}-"
        row: dict = {
            "id": form.get(f"{p}id", "").strip(),
            "text": form.get(f"{p}text", "").strip(),
            "jenis": form.get(f"{p}jenis", "utama").strip(),
            "atasan": form.get(f"{p}atasan", "").strip(),
            "iki": [],
        }
        for m in range(_count(form.get(f"{p}iki_count"), MAX_IKI)):
            q = f"{p}iki-{m}-"
            typed = {f: form.get(f"{q}{f}", "").strip() for f in IKI_FIELDS}
            row["iki"].append(typed | {"lower": bool(form.get(f"{q}lower"))})
        rows.append(row)
    return rows


def with_row_added(rows: list[dict], action: str) -> list[dict]:
    """``add_rhk``: one more RHK; ``add_iki-<n>``: one more IKI in RHK n."""
    if action == "add_rhk" and len(rows) < MAX_RHK:
        rows.append(blank_rhk())
    elif action.startswith("add_iki-"):
        n = _count(action.removeprefix("add_iki-"), MAX_RHK)
        if n < len(rows) and len(rows[n]["iki"]) < MAX_IKI:
            rows[n]["iki"].append(blank_iki())
    return rows


def _iki_blank(iki: dict) -> bool:
    return not (iki["indikator"] or iki["target"] or iki["satuan"])


def _rhk_blank(row: dict) -> bool:
    return not (row["text"] or row["atasan"]) and all(_iki_blank(i) for i in row["iki"])


class Built:
    """The content the rows make, and where each of its items came from on the form."""

    def __init__(self, rows: list[dict], kept: Mapping) -> None:
        self.rows = rows
        self.where: list[tuple[int, list[int]]] = []  # content RHK n -> (form row, IKI rows)
        used = {r["id"] for r in rows if r["id"]} | {
            i["id"] for r in rows for i in r["iki"] if i["id"]
        }
        rhk = []
        for n, row in enumerate(rows):
            if _rhk_blank(row):
                continue
            rhk_id = row["id"] or _free(used, "r")
            filled = [(m, i) for m, i in enumerate(row["iki"]) if not _iki_blank(i)]
            self.where.append((n, [m for m, _ in filled]))
            rhk.append({
                "id": rhk_id, "text": row["text"], "utama": row["jenis"] != "tambahan",
                "rhk_atasan_id": row["atasan"] or None,
                "iki": [_iki(i, used, rhk_id) for _, i in filled],
            })  # fmt: skip
        self.content = {
            "approach": kept.get("approach", "kuantitatif"),
            "rhk": rhk,
            "perilaku_ekspektasi": dict(kept.get("perilaku_ekspektasi") or {}),
            "lampiran": {k: list(v) for k, v in (kept.get("lampiran") or {}).items()},
        }


def _free(used: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    used.add(f"{prefix}{n}")
    return f"{prefix}{n}"


def _iki(typed: dict, used: set[str], rhk_id: str) -> dict:
    target = {"value": typed["target"].replace(",", "."), "unit": typed["satuan"]}
    target |= {"lower_is_better": typed["lower"], "agregasi": typed["agregasi"] or None}
    return {
        "id": typed["id"] or _free(used, f"{rhk_id}.i"),
        "indikator": typed["indikator"],
        "aspek": typed["aspek"],
        "target": target,
        "perspektif": typed["perspektif"] or None,
    }


def default_agregasi_label(iki: dict) -> str:
    """The agregasi an IKI gets when none is chosen, in words (by its unit, aspek, direction)."""
    found = default_agregasi(iki.get("satuan", ""), lower_is_better=iki.get("lower", False),
                             aspek=iki.get("aspek") or None)  # fmt: skip
    return label("agregasi", found.value)


# --- refusals, back on the form ----------------------------------------------------------------
_STEP = re.compile(r"([A-Za-z_*]+)(?:\[(\d+|\*)\])?")


def _path(key: str) -> tuple:
    """``rhk[0].iki[1].target.value`` -> ("rhk", 0, "iki", 1, "target", "value")."""
    parts: list = []
    for piece in str(key).split("."):
        found = _STEP.fullmatch(piece)
        if not found:
            parts.append(piece)
            continue
        parts.append(found.group(1))
        if found.group(2) is not None:
            index = found.group(2)
            parts.append(int(index) if index.isdigit() else index)
    return tuple(parts)


def _flatten(messages, path: tuple = ()) -> Iterable[tuple]:
    """Marshmallow's nested messages as paths (list indexes are ints)."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            step = (key,) if isinstance(key, int) else _path(key)
            yield from _flatten(value, path + step)
    else:
        yield path


_IKI_LEAF = {
    ("indikator",): "indikator",
    ("aspek",): "aspek",
    ("target",): "target",
    ("target", "value"): "target",
    ("target", "unit"): "satuan",
    ("target", "agregasi"): "agregasi",
    ("target", "lower_is_better"): "lower",
    ("target", "qualitative"): "target",
    ("perspektif",): "perspektif",
}
_RHK_LEAF = {"text": "text", "utama": "jenis", "rhk_atasan_id": "atasan", "weight": "weight"}


def errors_of(messages, built: Built) -> dict[str, list[str]]:
    """{form field: [rule in words]} from the schema's messages or the service's details
    (dotted paths); "" for the form as a whole."""
    found: dict[str, list] = {}  # of lazy texts

    def add(field: str, rule: object) -> None:
        if rule not in found.setdefault(field, []):
            found[field].append(rule)

    for path in _flatten(messages):
        field, kind = _field(path, built)
        add(field, _rule(field, kind, built))
    return found


def _field(path: tuple, built: Built) -> tuple[str, str]:
    """(form field, its kind) a path names; ("", kind) for the whole form."""
    if not path or path[0] != "rhk":
        return "", "other"
    if len(path) == 1 or not isinstance(path[1], int) or path[1] >= len(built.where):
        return "", "weights" if "weight" in path else "rhk"
    row, iki_rows = built.where[path[1]]
    rest = path[2:]
    if rest[:1] == ("iki",):
        if len(rest) >= 3 and isinstance(rest[1], int) and rest[1] < len(iki_rows):
            kind = _IKI_LEAF.get(tuple(rest[2:4]), "other")
            if kind == "other":
                return "", "other"
            return f"rhk-{row}-iki-{iki_rows[rest[1]]}-{kind}", kind
        return f"rhk-{row}-iki", "iki"
    kind = _RHK_LEAF.get(rest[0] if rest else "", "other")
    return (f"rhk-{row}-{kind}", kind) if kind != "other" else ("", "other")


def _rule(field: str, kind: str, built: Built) -> object:  # a lazy text, as RULES
    if kind == "atasan":
        row = built.rows[int(field.split("-")[1])]
        return RULES["atasan_unknown"] if row["atasan"] else RULES["atasan"]
    if kind == "target":
        _, n, _, m, _ = field.split("-")
        typed = built.rows[int(n)]["iki"][int(m)]["target"].replace(",", ".")
        try:
            return RULES["target_zero"] if float(typed) == 0 else RULES["target"]
        except ValueError:
            return RULES["target"]
    if kind == "rhk":
        content = built.content["rhk"]
        return RULES["no_utama"] if content and not any(r["utama"] for r in content) else (
            RULES["no_rhk"])  # fmt: skip
    return RULES.get(kind, lazy_gettext("periksa kembali isian SKP"))
