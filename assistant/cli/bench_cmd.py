"""`assistant bench`."""


def add_parser(sub) -> None:
    p = sub.add_parser("bench")
    p.set_defaults(run=lambda args: print("not yet") or 1)
