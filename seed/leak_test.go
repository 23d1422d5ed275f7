package seed_test

import (
	"testing"

	"github.com/kafkarestmock/kafkarestmock/internal/leakcheck"
)

// TestMain fails the run when goroutines started by the tests outlive them.
func TestMain(m *testing.M) { leakcheck.Main(m) }
