"""tests/tapcheck.py: the "ok - " / "not ok - " lines and the tally that the Python tests share."""

counts = {"passed": 0, "failed": 0}


def check(name, cond, detail=""):
    if cond:
        counts["passed"] += 1
        print("ok - " + name)
    else:
        counts["failed"] += 1
        print("not ok - %s %s" % (name, detail))


def summary():
    """Print the tally; the exit status for make check."""
    print("%d passed, %d failed" % (counts["passed"], counts["failed"]))
    return 1 if counts["failed"] else 0
