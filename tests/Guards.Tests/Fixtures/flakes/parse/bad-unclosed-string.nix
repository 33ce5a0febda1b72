{
  description = "never closed;
}
