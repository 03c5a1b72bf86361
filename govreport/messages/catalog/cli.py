"""Messages: cli (see govreport.messages)."""

MESSAGES = {
}
