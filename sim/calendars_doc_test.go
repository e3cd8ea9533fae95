package sim_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/ssmsim/ssmsim/model"
	"github.com/ssmsim/ssmsim/model/modelcheck"
	"github.com/ssmsim/ssmsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const freeze = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-CALENDAR-TYPE:DEFAULT_OPEN\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20240106T000000Z\r\nDTEND:20240108T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

// GetCalendarState's times are ISO-8601 strings, not epoch numbers (the
// model's ISO8601String shape; user guide example).
func TestGetCalendarState_Document(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	require.NoError(t, s.AddCalendar("freeze", []byte(freeze)))
	tests := []struct {
		at   string
		want model.GetCalendarStateOutput
	}{
		{"", model.GetCalendarStateOutput{State: "OPEN", AtTime: "2024-01-01T00:00:00Z", NextTransitionTime: "2024-01-06T00:00:00Z"}},
		{"2024-01-07T12:30:00Z", model.GetCalendarStateOutput{State: "CLOSED", AtTime: "2024-01-07T12:30:00Z", NextTransitionTime: "2024-01-08T00:00:00Z"}},
		{"2024-02-01T00:00:00Z", model.GetCalendarStateOutput{State: "OPEN", AtTime: "2024-02-01T00:00:00Z"}},
	}
	for _, tt := range tests {
		out, err := s.GetCalendarState(model.GetCalendarStateInput{CalendarNames: []string{"freeze"}, AtTime: tt.at})
		require.NoError(t, err)
		assert.Equal(t, tt.want, *out)
		body, _ := json.Marshal(out)
		require.NoError(t, modelcheck.CheckOutput("GetCalendarState", body))
		parsed, err := modelcheck.ParseWithSDK(context.Background(), "GetCalendarState", 200, body)
		require.NoError(t, err)
		assert.Equal(t, tt.want.State, string(parsed.(*ssm.GetCalendarStateOutput).State))
		_, err = time.Parse(time.RFC3339, *parsed.(*ssm.GetCalendarStateOutput).AtTime)
		assert.NoError(t, err)
	}
	_, err = s.GetCalendarState(model.GetCalendarStateInput{CalendarNames: []string{"nope"}})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeInvalidDocument, apiErr.Code)
	_, err = s.GetCalendarState(model.GetCalendarStateInput{CalendarNames: []string{"freeze"}, AtTime: "yesterday"})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeValidation, apiErr.Code)
}

// A calendar created with CreateDocument gates associations like one from a
// scenario; the documents validate and parse in the SDK.
func TestCreateDocument_ChangeCalendar(t *testing.T) {
	s, err := sim.New(sim.Config{Seed: 1})
	require.NoError(t, err)
	out, err := s.CreateDocument(model.CreateDocumentInput{Name: "weekend-freeze", Content: freeze, DocumentType: "ChangeCalendar", DocumentFormat: "TEXT"})
	require.NoError(t, err)
	d := out.DocumentDescription
	assert.Equal(t, "Creating", d.Status)
	assert.Equal(t, "ChangeCalendar", d.DocumentType)
	assert.Len(t, d.Hash, 64)
	body, _ := json.Marshal(out)
	require.NoError(t, modelcheck.CheckOutput("CreateDocument", body))
	_, err = modelcheck.ParseWithSDK(context.Background(), "CreateDocument", 200, body)
	require.NoError(t, err)

	desc, err := s.DescribeDocument(model.DescribeDocumentInput{Name: "weekend-freeze"})
	require.NoError(t, err)
	assert.Equal(t, "Active", desc.Document.Status)
	body, _ = json.Marshal(desc)
	require.NoError(t, modelcheck.CheckOutput("DescribeDocument", body))

	st, err := s.GetCalendarState(model.GetCalendarStateInput{CalendarNames: []string{"weekend-freeze"}, AtTime: "2024-01-06T12:00:00Z"})
	require.NoError(t, err)
	assert.Equal(t, "CLOSED", st.State)

	tests := []struct {
		in   model.CreateDocumentInput
		code string
	}{
		{model.CreateDocumentInput{Name: "weekend-freeze", Content: freeze, DocumentType: "ChangeCalendar"}, model.ErrCodeDocumentAlreadyExists},
		{model.CreateDocumentInput{Name: "x", Content: freeze, DocumentType: "ChangeCalendar"}, model.ErrCodeValidation},
		{model.CreateDocumentInput{Name: "AWS-Mine", Content: freeze, DocumentType: "ChangeCalendar"}, model.ErrCodeValidation},
		{model.CreateDocumentInput{Name: "broken", Content: "BEGIN:VCALENDAR\r\n", DocumentType: "ChangeCalendar"}, model.ErrCodeInvalidDocumentContent},
		{model.CreateDocumentInput{Name: "huge", Content: freeze + string(make([]byte, 70_000)), DocumentType: "ChangeCalendar"}, model.ErrCodeMaxDocumentSizeExceeded},
		{model.CreateDocumentInput{Name: "yaml-cal", Content: freeze, DocumentType: "ChangeCalendar", DocumentFormat: "YAML"}, model.ErrCodeInvalidDocumentContent},
	}
	for _, tt := range tests {
		_, err := s.CreateDocument(tt.in)
		var apiErr *model.APIError
		require.ErrorAs(t, err, &apiErr, tt.in.Name)
		assert.Equal(t, tt.code, apiErr.Code, tt.in.Name)
	}
	_, err = s.DescribeDocument(model.DescribeDocumentInput{Name: "nope"})
	var apiErr *model.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, model.ErrCodeInvalidDocument, apiErr.Code)
}
