"""Messages: findings (see govreport.messages)."""

MESSAGES = {
}
