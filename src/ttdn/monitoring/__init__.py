"""Press monitoring: find, read and classify press articles about the province."""
