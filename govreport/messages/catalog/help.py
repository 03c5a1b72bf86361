"""Messages: help (see govreport.messages)."""

MESSAGES = {
}
