"""patientsite: an evidence-linked patient-education site generator."""

__version__ = "0.1.0"
