"""Generated from ui/*.ui by tools/forms_build.py: do not edit."""
