CREATE TABLE probe.things (id integer PRIMARY KEY, note text NOT NULL);
CREATE TABLE probe.applied (value text PRIMARY KEY);
