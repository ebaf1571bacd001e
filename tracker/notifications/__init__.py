"""E-mail: templates rendered into outbox rows inside the caller's transaction, sent after commit."""
