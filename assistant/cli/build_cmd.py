"""`assistant build`."""


def add_parser(sub) -> None:
    p = sub.add_parser("build")
    p.set_defaults(run=lambda args: print("not yet") or 1)
