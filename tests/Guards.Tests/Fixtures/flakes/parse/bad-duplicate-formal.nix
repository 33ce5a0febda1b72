{ config, lib, config, ... }:
{ }
