"""doorstroom: the case system for VDAB mandates for transition guidance (doorstroombegeleiding)."""
