"""`field__any_of=[…]`: a lookup for long lists of values (thousands of ids or keys at a time).

`field__in` writes one placeholder per value, and with thousands of them building and parsing the SQL costs more
than running it. On PostgreSQL `any_of` sends the list as one array parameter (`field = ANY(%s)`); other
databases get the same IN list as `field__in`.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


@ForeignObject.register_lookup
@Field.register_lookup
class AnyOf(Lookup):
    lookup_name = "any_of"

    def get_prep_lookup(self) -> list[Any]:
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(dict.fromkeys(self.rhs))
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]
