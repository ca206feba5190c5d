-- Profiles keeps personal data in a database of its own; the other services share "fitnessdriver", one schema each.
CREATE DATABASE fitnessdriver_profiles;
