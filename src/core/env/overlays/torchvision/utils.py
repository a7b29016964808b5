# Stand-in text for torchvision.utils (0.13+), appended after the installed module ran: usage logging is a
# no-op (inactive unless a logger is subscribed; nothing a model holds).
# Does not: change any other helper of the module.
def _log_api_usage_once(obj):
    return None
