"""Django's PostgreSQL backend, pointed at the embedded server it starts on first connection."""

from pathlib import Path

from django.db.backends.postgresql import base

from project.embedded_postgres import ensure_server


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        pgdata = Path(self.settings_dict["PGDATA"])
        # The server's own database name, not the test database's: both live in one server.
        params["host"] = ensure_server(pgdata, self.settings_dict["EMBEDDED_DATABASE"])
        params["user"] = "postgres"
        params.pop("port", None)
        return params
