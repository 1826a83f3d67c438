"""The import wizard: choose sources, see what they hold, import, read the summary."""

from cablereader.ui.wizard.hookup import open_import_wizard
from cablereader.ui.wizard.wizard import ImportWizard

__all__ = ["ImportWizard", "open_import_wizard"]
