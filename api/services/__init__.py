"""Business logic behind the routes; each service takes a Session and returns ORM rows or plain data."""
