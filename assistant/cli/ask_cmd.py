"""`assistant ask`."""


def add_parser(sub) -> None:
    p = sub.add_parser("ask")
    p.set_defaults(run=lambda args: print("not yet") or 1)
