"""The message texts, one module per family (see govreport.messages)."""
