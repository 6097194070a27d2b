"""Work recorded from the phone by drivers and technicians, and technician days."""
