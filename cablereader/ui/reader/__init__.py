"""The reader: reference box, header and body of one cable, and who cites it."""
