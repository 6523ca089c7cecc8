"""The outbox: e-mails and grades leave through durable rows processed by a worker."""
