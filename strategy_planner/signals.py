"""What the ground tells the layers above, which it cannot call."""

from django.dispatch import Signal

# Sent when the content of strategies changed (their content version moved), with
# ``strategy_ids``: the report renders their PDF ahead of any download.
content_changed = Signal()
