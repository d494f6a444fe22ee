package main

import "context"

func contextOf() context.Context { return context.Background() }
