# Strings of every kind: escapes, interpolation, indented strings with their escapes.
{ name ? "world" }:
{
  plain = "hello ${name}\n\t\"quoted\" \${not-interpolated}";
  indented = ''
    line one ${name}
      indented ''${kept} '''
  '';
  uri = https://example.org/x;
}
