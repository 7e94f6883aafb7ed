"""Generated from ui/*.ui by posapp.gui.forms_build: do not edit."""
