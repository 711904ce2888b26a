"""The directory has no background work yet: loading reference data takes well under a second."""
