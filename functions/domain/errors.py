"""Errors of the rules: each names the field and the rule it broke."""


class DomainError(ValueError):
    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field}: {rule}")
        self.field = field
        self.rule = rule
