/// Pure decisions for Warden: no I/O, no C, standard library only.
public enum WardenCore {}
