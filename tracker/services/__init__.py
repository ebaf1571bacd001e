"""Business rules. Services take the actor and the time explicitly and never commit."""
