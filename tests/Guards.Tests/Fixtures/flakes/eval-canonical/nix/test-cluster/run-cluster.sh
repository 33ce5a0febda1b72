#!/bin/sh
echo "cluster $*"
